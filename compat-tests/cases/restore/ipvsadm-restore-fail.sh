# desc: ipvsadm-restore propagates a fail() abort (rc 2) and ignores its arguments
ipvsadm-restore -n <<'EOF'
-A -t 10.0.0.210:80
-A -t 10.0.0.211:80 -r 10.0.0.2
-A -t 10.0.0.212:80
EOF
echo "rc=$?"
ipvsadm -Ln
