"""Reporting deadlines (hạn báo cáo): schedules, reminders, submissions.

Pure time arithmetic, which never reads the clock: :mod:`recurrence` (rules and occurrences),
:mod:`admin_input` (due dates and recurrences as admins type them), :mod:`offsets` (reminder
offsets and plans) and :mod:`quiet` (quiet hours). :mod:`timeline` places a stored deadline in
time, :mod:`ledger` records which reminders were claimed, :mod:`reminders` sends them,
:mod:`service` creates deadlines and takes submissions, :mod:`notices` and :mod:`callbacks` are
what the messages say and what their buttons carry, :mod:`forms` is the /taohan form.
"""
