"""Pure calculations: rates and intervals, changes, profiles, rounding, status, trend."""
