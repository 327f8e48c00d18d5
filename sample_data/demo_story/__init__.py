"""The demo team's last five weeks, told as records; ``make_demo.py`` assembles them."""
