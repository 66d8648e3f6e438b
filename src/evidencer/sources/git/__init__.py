"""Evidence from local git history: one streamed log pass, merges read as pull requests, credit."""
