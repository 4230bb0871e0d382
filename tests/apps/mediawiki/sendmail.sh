#!/bin/sh
# sendmail for the evaluation wiki: appends the message to $EVAL_MAIL_LOG (arguments such as -f are ignored).
cat >> "${EVAL_MAIL_LOG:?}"
