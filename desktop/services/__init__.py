"""GUI-thread services: what views' intents call, and what owns the app's signals."""
