"""The loader pipeline: read → clean → segment → extract, one small step a module."""
