"""Browser-facing parts: the staff dashboard's static bundle and its cookie sessions."""
