"""Unit tests for hotline.notify."""
