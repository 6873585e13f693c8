"""huabei-guide: a static site generator for the 花呗逾期指南 help site."""

__version__ = "0.1.0"
