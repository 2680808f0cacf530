// The application ran on the memory backend, chosen by the classpath alone, and read its series back.
def log = new File(basedir, 'build.log').text
def runs = log.readLines().findAll { it.startsWith('backend: ') }
assert runs == ['backend: org.tsstore.storage.memory.MemoryStorageManager'] : "backend lines: ${runs}"
assert log.contains('series stored before this run: 0')
def stored = log.readLines().findAll { it.startsWith('stored series: ') }
assert stored.size() == 1 && stored[0].endsWith('(5 points, last (1.0E9, 1.0E300))') : "stored lines: ${stored}"
assert log.readLines().contains('backends on the classpath: [memory]')
return true
