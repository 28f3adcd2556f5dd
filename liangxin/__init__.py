"""Hand-written facade over the generated LiangXin client."""
