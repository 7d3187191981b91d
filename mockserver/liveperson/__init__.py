"""The liveperson profile: CoBrowse invitations over the Messaging Window API (source 001)."""
