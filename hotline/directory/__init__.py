"""The directory: regions, agencies (instansi) and their calendars, categories, SLA policies and
routing rules — the reference data an admin maintains."""
