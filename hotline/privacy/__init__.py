"""The reporter's rights under UU 27/2022 PDP: retention, access, erasure, the breach list."""
