"""Demo OKRs for the demo workspace."""


def demo_okrs_load(*, workspace) -> bool:
    return False
