// Three runs of the application with memory, file and mmap on the classpath, split by Maven's headers
// "--- exec:...:exec (execution-id) @ several-backends ---".
def log = new File(basedir, 'build.log').text
def section = { String execution ->
    def start = log.indexOf("(${execution}) @ several-backends ---")
    assert start >= 0 : "execution ${execution} did not run"
    def end = log.indexOf('--- ', start + execution.length() + 30)
    log.substring(start, end < 0 ? log.length() : end)
}

def none = section('nothing-chosen')
assert none.contains('backends on the classpath: [file, memory, mmap]') : none
assert none.contains('IllegalStateException: several storage backends found and none chosen: ') : none
// the message lists every backend found, with its provider, and says how to choose
['memory (', 'file (', 'mmap (', 'org.tsstore.storage.memory.MemoryStorageManagerProvider',
 'org.tsstore.storage.file.FileStorageManagerProvider', 'org.tsstore.storage.mmap.MmapStorageManagerProvider',
 'system property tsstore.uri', 'environment variable TSSTORE_URI'].each {
    assert none.contains(it) : "the failure message lacks '${it}': ${none}"
}
assert !none.contains('stored series: ') : 'nothing may be stored when no backend is chosen'

def byProperty = section('chosen-by-property')
assert byProperty.contains('backend: org.tsstore.storage.memory.MemoryStorageManager') : byProperty
assert byProperty.contains('stored series: ') : byProperty

def byEnvironment = section('chosen-by-environment')
assert byEnvironment.contains('backend: org.tsstore.storage.file.FileStorageManager') : byEnvironment
assert byEnvironment.contains('stored series: ') : byEnvironment
def store = new File(basedir, 'target/env-store')
assert store.isDirectory() && store.listFiles().length > 0 : "TSSTORE_URI named ${store}, which holds nothing"
return true
