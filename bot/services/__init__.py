"""Domain services: the rules of the bot, with no `telegram` import."""
