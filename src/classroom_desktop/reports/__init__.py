"""PDF reports built with reportlab: data in, PDF out; fonts and Unicode-safe text for every script."""
