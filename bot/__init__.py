"""Opas: the knowledge base, retrieval, language handling and routing behind the assistant."""
