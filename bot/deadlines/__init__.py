"""Reporting deadlines (hạn báo cáo): schedules, storage-facing model and the reminder service.

:mod:`bot.deadlines.schedule` holds the pure time arithmetic (recurrence, admin input parsing,
quiet hours, reminder plans); it never reads the clock, every moment is passed in.
"""
