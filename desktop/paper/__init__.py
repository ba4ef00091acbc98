"""Printed documents (ReportLab): certificates, summary sheets, forms, reports."""
