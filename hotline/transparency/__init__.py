"""Transparency: monthly figures, the /transparansi dashboard, the PDF report and open data."""
