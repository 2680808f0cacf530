// Two runs of the same application jar on the mmap backend: the second found, bit for bit, what the
// first stored, and the store lives where tsstore.uri put it.
def lines = new File(basedir, 'build.log').readLines()
assert lines.findAll { it.startsWith('backends on the classpath: ') }.unique() == ['backends on the classpath: [mmap]']
assert lines.findAll { it.startsWith('backend: ') } ==
        ['backend: org.tsstore.storage.mmap.MmapStorageManager'] * 2 : "expected two runs on the mmap backend"
def stored = lines.findAll { it.startsWith('stored series: ') }.collect { it.substring('stored series: '.length()).split(' ')[0] }
assert stored.size() == 2 && stored[0] != stored[1] : "stored ids: ${stored}"
def counts = lines.findAll { it.startsWith('series stored before this run: ') }
assert counts == ['series stored before this run: 0', 'series stored before this run: 1'] : "counts: ${counts}"
def found = lines.findAll { it.startsWith('found earlier series: ') }
assert found == ['found earlier series: ' + stored[0]] : "the second run found ${found}, the first stored ${stored[0]}"
def store = new File(basedir, 'target/series-store')
assert store.isDirectory() && store.listFiles().length > 0 : "no store at ${store}"
return true
