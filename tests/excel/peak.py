"""A child process's own peak memory, for the hostile-file memory test and its benchmark."""

PEAK_MB = '''
def peak_mb():
    """This process's own high-water mark of memory, in MB: VmHWM, which starts afresh with the
    new program. Linux's ru_maxrss does not: exec carries over the parent's, so a child of a
    test worker that holds 400 MB would report 400 MB whatever it did itself."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
'''
