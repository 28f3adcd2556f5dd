"""A local LiangXin: the mock server."""
