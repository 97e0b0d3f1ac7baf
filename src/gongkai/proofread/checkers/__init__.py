"""Pure proofreading checkers (no Django): each returns `Hit`s with exact character spans."""
