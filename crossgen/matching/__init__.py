"""The pure matching engine: no Django imports anywhere below this package."""
