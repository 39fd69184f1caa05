"""A project's lifecycle: the start page, the New-project wizard, project settings, labels,
import and export with their report, and the demos."""
