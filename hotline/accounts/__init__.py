"""Staff accounts (argon2id passwords, roles, agency membership) and Open311 API keys."""
