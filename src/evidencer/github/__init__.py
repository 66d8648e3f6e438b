"""The one door to the GitHub API: client, retries, pages, rate limits, GraphQL and writes."""
