"""The three phase panes of the day: Before, During and After."""
