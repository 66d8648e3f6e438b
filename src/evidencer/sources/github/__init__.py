"""Evidence from GitHub: pull requests, reviews, issues and comments of the people in the plan."""
