"""Demo data: the Kabupaten Wonosobo directory, staff accounts and a simulated history."""
