"""Evidence from incident postmortems: files read from git, fields, roles and action items."""
