"""Hotline: a complaint hotline (layanan pengaduan masyarakat) for Indonesian government."""
