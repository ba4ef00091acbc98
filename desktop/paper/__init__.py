"""ReportLab documents: fonts, page layout, certificates, summary sheets and blank forms.

Qt-free and database-free: builders take plain data; desktop.services.paper feeds them.
"""
