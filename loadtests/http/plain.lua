-- wrk: GET one fixed path (LB_PATH) with no key: the cost of the HTTP stack itself.
wrk.path = os.getenv("LB_PATH") or "/healthz"
