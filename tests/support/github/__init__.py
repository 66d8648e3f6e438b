"""The fake GitHub: a real HTTP server on 127.0.0.1 speaking GitHub's REST and GraphQL
shapes, its data, gates and fixtures."""
