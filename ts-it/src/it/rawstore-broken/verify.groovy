// The build failed, and it failed because the contract caught the dropped point, not for another reason
// (a compile error, a missing dependency, a crash of the test JVM).
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('There are test failures') : 'the build did not fail on its tests'
assert !log.contains('COMPILATION ERROR')
def summary = (log =~ /(?m)^\[ERROR\] Tests run: (\d+), Failures: (\d+), Errors: 0, Skipped: 0\s*$/)
assert summary.find() && (summary.group(2) as int) > 0 : 'no surefire summary with failures (and no errors)'
// the round-trip properties must be among the failures, named in surefire's list of failed tests
['storedSeriesReadsBackEqual', 'storeBehavesLikeAMap'].each { property ->
    assert log =~ /(?m)^\[ERROR\]\s+LastPointDroppingStoreContractTest\.${property}\b/ :
            "the contract property ${property} did not fail"
}
// and they failed on content: jqwik shrank the failure to a series one point longer than what came back
def roundTrip = (log =~ /LastPointDroppingStoreContractTest\.storedSeriesReadsBackEqual .*size\(\) is (\d+), expected (\d+)/)
assert roundTrip.find() : 'the round-trip failure does not name the sizes'
assert (roundTrip.group(2) as int) == (roundTrip.group(1) as int) + 1 : roundTrip.group(0)
// nothing else is wrong with the backend: the properties about refusing bad ids still pass
assert !(log =~ /(?m)^\[ERROR\]\s+LastPointDroppingStoreContractTest\.(invalidIdsAreRefusedEverywhere|everyInvalidIdExampleIsRefused)\b/)
return true
