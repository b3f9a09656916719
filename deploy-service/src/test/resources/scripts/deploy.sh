#!/usr/bin/env bash
# Deploy script of the test environment "scripted": what it does is chosen by RC_VERSION.
echo "step=$RC_STEP weight=$RC_WEIGHT app=$RC_APPLICATION env=$RC_ENVIRONMENT version=$RC_VERSION strategy=$RC_STRATEGY rollback=$RC_ROLLBACK rollbackOf=${RC_ROLLBACK_OF:-}"
case "$RC_VERSION" in
  *-hang)
    # a child, and a child with its own child: cancel must kill all of them
    sleep 300 &
    echo "child-pid $!"
    bash -c 'sleep 300 & echo "grandchild-pid $!"; wait' &
    echo "child-pid $!"
    wait
    ;;
  *-fail)
    echo "migrating schema"
    echo "cannot connect to db" >&2
    exit 3
    ;;
  *)
    for i in 1 2 3; do
      echo "line $i of $RC_STEP"
      sleep 0.05
    done
    echo "warning on stderr" >&2
    ;;
esac
