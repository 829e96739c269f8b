"""Streams: look-ups and the moderators' actions, and the lifecycle, the one owner of a stream's state and
visibility.
"""
