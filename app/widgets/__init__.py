"""Small widgets and looks shared by every window: flow layout, fitted tables, screen-sized
windows, the theme."""
