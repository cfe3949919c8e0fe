"""The co-production knowledge base: load, validate, index and render the
case studies and taxonomies. Imports nothing from MkDocs."""
