"""The citizen's web pages: /lapor (file a report), /lacak (follow it), /laporan (published)."""
