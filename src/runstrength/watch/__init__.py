"""Runs in, workouts out: the device formats (FIT, GPX, TCX, Strava CSV) and run volume.

Nothing here touches the log database or the CLI. The format libraries (`garmin-fit-sdk`,
`gpxpy`) are the optional `watch` extra and are imported inside the functions that need
them, so importing this package costs nothing at start-up.
"""
