"""matplotlib Figure builders: data in, Figure out. No Qt, no pyplot state."""
