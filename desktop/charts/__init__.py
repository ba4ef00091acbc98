"""Charts as matplotlib Figure objects (never pyplot's global figures), Qt-free.

The tab embeds them, the CLI and the report export them. Importing this package loads matplotlib:
import it where a chart is first needed, not at the app's start.
"""
