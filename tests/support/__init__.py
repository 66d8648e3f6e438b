"""Helpers the tests share: real git repositories, histories, the fake GitHub."""
