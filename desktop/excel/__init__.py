"""Excel templates, parsers and writers. Qt-free; services call them."""
