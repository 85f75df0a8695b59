"""Read Chinese policy notices and the applications that answer them into structured records."""

__version__ = "0.1.0"
