# desc: a popt error (unknown option, missing argument) inside -R is printed and the restore continues
ipvsadm -R <<'EOF'
-A -t 10.0.0.110:80
-A -t 10.0.0.111:80 --bogus
-A -t 10.0.0.112:80
-A -t 10.0.0.113:80 -p -1
-A -t 10.0.0.114:80 -s
EOF
echo "rc=$?"
ipvsadm -R <<'EOF'
-A -t 10.0.0.115:80
-A -t 10.0.0.116:80 --bogus
EOF
echo "rc=$?"
ipvsadm -Ln
