# desc: a line starting with # inside -R input (1.31: Try hint, rc 255, restore aborted; ours: skipped as a comment)
# divergence: restore-comments
ipvsadm -R <<'EOF'
-A -t 10.0.0.127:80
#-A -t 10.0.0.128:80
# a comment line
-A -t 10.0.0.129:80
EOF
echo "rc=$?"
ipvsadm -Ln
