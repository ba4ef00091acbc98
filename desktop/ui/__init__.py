"""The Qt user interface: thin views over desktop.services."""
