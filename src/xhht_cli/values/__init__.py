"""The values the stages hand on: findings, reports, the validation's entries, their JSON codec."""
